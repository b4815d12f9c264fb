// Create / edit a school. County admins edit everything; area and school admins only the
// contact fields (address, principal, phone), as the server allows.
import { type School, schoolBody, URBAN_RURAL } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSchoolOptions } from '../../components/SchoolSelect';
import { applyFieldErrors, blankToNull, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useAreas, useConsortia, useSaveSchool } from './org.api';

const CONTACT_FIELDS = ['address', 'principal', 'phone'] as const;

interface Props {
  open: boolean;
  /** null → create */
  school: School | null;
  /** false → only the contact fields are editable */
  full: boolean;
  onClose: () => void;
}

export function SchoolFormDrawer({ open, school, full, onClose }: Props) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSaveSchool();
  const areas = useAreas(open && full);
  const consortia = useConsortia(open && full);
  const schools = useSchoolOptions(open && full);
  // The county's dictionaries; the school's own values stay offered even if retired since.
  const types = useDictionaryOptions('school_type', [school?.type]);
  const affiliations = useDictionaryOptions('school_affiliation', [school?.affiliation]);
  // A 中心校 is a school that belongs to none (one level: 中心校 → 村小/教学点).
  const parents = (schools.data ?? [])
    .filter((s) => s.id !== school?.id && !s.parentSchoolId)
    .map((s) => ({ value: s.id, label: s.name }));
  const mobile = !Grid.useBreakpoint().md;
  const shape = schoolBody.shape;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (school) form.setFieldsValue(school);
  }, [open, school, form]);

  const submit = async (v: Record<string, unknown>) => {
    const values = blankToNull(v);
    const body = full ? values : Object.fromEntries(CONTACT_FIELDS.map((k) => [k, values[k] ?? null]));
    try {
      await save.mutateAsync({ id: school?.id, body });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  const locked = !full;
  const enumOpts = (vals: readonly string[]) => vals.map((v) => ({ value: v, label: t(`common:enum.${v}`) }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={school ? t('school.editTitle', { name: school.name }) : t('school.createTitle')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="school-save">
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ urbanRural: '乡村' }} requiredMark={full}>
        <Form.Item
          name="name"
          label={t('school.name')}
          rules={[{ required: true, message: t('school.nameRequired') }, zodRule(shape.name)]}
        >
          <Input disabled={locked} maxLength={80} />
        </Form.Item>
        <Form.Item name="code" label={t('school.code')} rules={[zodRule(shape.code)]}>
          <Input disabled={locked} maxLength={30} />
        </Form.Item>
        <Form.Item name="type" label={t('school.type')} rules={[{ required: true, message: t('school.typeRequired') }]}>
          <Select
            disabled={locked}
            options={types.options}
            loading={types.loading}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          name="affiliation"
          label={t('school.affiliation')}
          extra={full ? t('school.affiliationHint') : undefined}
        >
          <Select disabled={locked} allowClear options={affiliations.options} loading={affiliations.loading} />
        </Form.Item>
        <Form.Item
          name="urbanRural"
          label={t('school.urbanRural')}
          rules={[{ required: true, message: t('school.urbanRuralRequired') }]}
        >
          <Select disabled={locked} options={enumOpts(URBAN_RURAL)} />
        </Form.Item>
        {full ? (
          <>
            <Form.Item name="areaId" label={t('school.area')} extra={t('school.areaOptional')}>
              <Select
                allowClear
                placeholder={t('school.noArea')}
                loading={areas.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                notFoundContent={t('area.emptyHint')}
              />
            </Form.Item>
            <Form.Item name="consortiumId" label={t('school.consortium')} extra={t('school.consortiumHint')}>
              <Select
                allowClear
                loading={consortia.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                placeholder={t('school.noConsortium')}
              />
            </Form.Item>
            <Form.Item name="parentSchoolId" label={t('school.parent')} extra={t('school.parentHint')}>
              <Select
                allowClear
                loading={schools.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                options={parents}
                placeholder={t('school.noParent')}
                disabled={(school?.childCount ?? 0) > 0}
              />
            </Form.Item>
            <Form.Item name="aliases" label={t('school.aliases')} extra={t('school.aliasesHint')}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ';', '；']} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label={t('school.area')}>
              <Input disabled value={school?.areaName ?? t('school.noArea')} />
            </Form.Item>
            <Form.Item label={t('school.consortium')}>
              <Input disabled value={school?.consortiumName ?? t('school.noConsortium')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="address" label={t('school.address')} rules={[zodRule(shape.address)]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="principal" label={t('school.principal')} rules={[zodRule(shape.principal)]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="phone" label={t('school.phone')} rules={[zodRule(shape.phone)]}>
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
