// SCAFFOLD: replaced by the feature implementation.
export default function NominationsPage() {
  return null;
}
