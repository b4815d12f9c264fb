// Importing honours from a sheet (身份证号, 姓名, 荣誉名称, 级别, 年度, 授予单位): the import wizard's
// upload → preview → commit; importing the same sheet again creates nothing new.
import { ImportWizard } from '../imports/ImportWizard';

export default function HonoursImportPage() {
  return <ImportWizard kind="honours" />;
}
