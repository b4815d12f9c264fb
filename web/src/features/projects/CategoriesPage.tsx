// SCAFFOLD: replaced by the feature implementation.
export default function CategoriesPage() {
  return null;
}
