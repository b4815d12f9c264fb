// SCAFFOLD: replaced by the feature implementation.
export default function TeachingPage() {
  return null;
}
