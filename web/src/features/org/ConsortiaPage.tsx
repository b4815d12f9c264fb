// SCAFFOLD: replaced by the feature implementation.
export default function ConsortiaPage() {
  return null;
}
