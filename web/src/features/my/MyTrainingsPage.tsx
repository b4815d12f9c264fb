// SCAFFOLD: replaced by the feature implementation.
export default function MyTrainingsPage() {
  return null;
}
