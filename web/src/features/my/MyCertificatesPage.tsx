// SCAFFOLD: replaced by the feature implementation.
export default function MyCertificatesPage() {
  return null;
}
