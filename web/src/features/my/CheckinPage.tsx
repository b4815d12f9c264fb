// SCAFFOLD: replaced by the feature implementation.
export default function CheckinPage() {
  return null;
}
