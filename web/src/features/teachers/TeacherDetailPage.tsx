// SCAFFOLD: replaced by the feature implementation.
export default function TeacherDetailPage() {
  return null;
}
