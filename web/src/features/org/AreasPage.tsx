// 学区: the county's areas with school and teacher counts; county admins create, rename, delete.
// The page shape is OrgUnitsPage's, shared with 教联体.
import { type Area, areaBody } from '@shixun/common';
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, blankToNull, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { OrgUnitsPage, useNameSearch } from './OrgUnitsPage';
import { type AreaBody, useAreas, useDeleteArea, useSaveArea } from './org.api';

function useAreaList({ q }: { q?: string }) {
  return useNameSearch(useAreas(), q);
}

export default function AreasPage() {
  const { t } = useTranslation('org');
  return (
    <OrgUnitsPage<Area>
      kind="area"
      useList={useAreaList}
      useDelete={useDeleteArea}
      columns={[{ key: 'code', title: t('area.code'), dataIndex: 'code', render: (v: string | null) => v ?? '—' }]}
      deleteHint={(a) => (a.schoolCount > 0 ? t('area.deleteBlocked', { n: a.schoolCount }) : undefined)}
      Form={AreaModal}
    />
  );
}

function AreaModal({ unit: area, onClose }: { unit: Area | null | undefined; onClose: () => void }) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const [form] = Form.useForm<AreaBody>();
  const save = useSaveArea();
  const open = area !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (area) form.setFieldsValue({ name: area.name, code: area.code });
  }, [open, area, form]);

  const submit = async (v: AreaBody) => {
    try {
      await save.mutateAsync({ id: area?.id, body: blankToNull(v) });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={area ? t('area.editTitle', { name: area.name }) : t('area.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('area.name')}
          rules={[{ required: true, message: t('area.nameRequired') }, zodRule(areaBody.shape.name)]}
        >
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('area.code')} rules={[zodRule(areaBody.shape.code)]}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
