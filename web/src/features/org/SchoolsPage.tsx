// SCAFFOLD: replaced by the feature implementation.
export default function SchoolsPage() {
  return null;
}
