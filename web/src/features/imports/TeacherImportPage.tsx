// SCAFFOLD: replaced by the feature implementation.
export default function TeacherImportPage() {
  return null;
}
