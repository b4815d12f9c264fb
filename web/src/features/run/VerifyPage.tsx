// SCAFFOLD: replaced by the feature implementation.
export default function VerifyPage() {
  return null;
}
