// SCAFFOLD: replaced by the feature implementation.
export default function AreasPage() {
  return null;
}
