// SCAFFOLD: replaced by the feature implementation.
export default function SchoolDetailPage() {
  return null;
}
