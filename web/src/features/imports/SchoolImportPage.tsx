// SCAFFOLD: replaced by the feature implementation.
export default function SchoolImportPage() {
  return null;
}
