// SCAFFOLD: replaced by the feature implementation.
export default function TeachersPage() {
  return null;
}
