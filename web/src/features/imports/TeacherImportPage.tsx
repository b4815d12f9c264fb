import { ImportWizard } from './ImportWizard';

export default function TeacherImportPage() {
  return <ImportWizard kind="teachers" />;
}
