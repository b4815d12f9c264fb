// SCAFFOLD: replaced by the feature implementation.
export default function SessionQrPage() {
  return null;
}
