// SCAFFOLD: replaced by the feature implementation.
export default function MyRecordPage() {
  return null;
}
