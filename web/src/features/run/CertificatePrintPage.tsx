// SCAFFOLD: replaced by the feature implementation.
export default function CertificatePrintPage() {
  return null;
}
