// 教联体: consortia (a core school + member schools) with counts; county admins manage them.
// The page shape is OrgUnitsPage's, shared with 学区.
import { type Consortium, consortiumBody } from '@shixun/common';
import { App, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { OrgUnitsPage, useNameSearch } from './OrgUnitsPage';
import { type ConsortiumBody, useConsortia, useDeleteConsortium, useSaveConsortium, useSchoolOptions } from './org.api';

function useConsortiumList({ q }: { q?: string }) {
  return useNameSearch(useConsortia(), q);
}

export default function ConsortiaPage() {
  const { t } = useTranslation('org');
  return (
    <OrgUnitsPage<Consortium>
      kind="consortium"
      useList={useConsortiumList}
      useDelete={useDeleteConsortium}
      columns={[
        {
          key: 'coreSchool',
          title: t('consortium.coreSchool'),
          dataIndex: 'coreSchoolName',
          render: (v: string | null, c) =>
            v && c.coreSchoolId ? (
              <Space size={4}>
                <Link to={`/schools/${c.coreSchoolId}`}>{v}</Link>
                <Tag color="gold">{t('school.core')}</Tag>
              </Space>
            ) : (
              <Tag>{t('consortium.noCore')}</Tag>
            ),
        },
      ]}
      deleteHint={() => t('consortium.deleteHint')}
      Form={ConsortiumModal}
    />
  );
}

function ConsortiumModal({ unit: consortium, onClose }: { unit: Consortium | null | undefined; onClose: () => void }) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const [form] = Form.useForm<ConsortiumBody>();
  const save = useSaveConsortium();
  const open = consortium !== undefined;
  const schools = useSchoolOptions(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (consortium) form.setFieldsValue({ name: consortium.name, coreSchoolId: consortium.coreSchoolId });
  }, [open, consortium, form]);

  const submit = async (v: ConsortiumBody) => {
    try {
      await save.mutateAsync({
        id: consortium?.id,
        body: { name: v.name.trim(), coreSchoolId: v.coreSchoolId ?? null },
      });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  // Member schools first: the usual core school is already a member.
  const options = (schools.data ?? [])
    .slice()
    .sort((a, b) => {
      const am = consortium && a.consortiumId === consortium.id ? 0 : 1;
      const bm = consortium && b.consortiumId === consortium.id ? 0 : 1;
      return am - bm || a.name.localeCompare(b.name, 'zh-CN');
    })
    .map((s) => ({ value: s.id, label: s.name }));

  return (
    <Modal
      open={open}
      title={consortium ? t('consortium.editTitle', { name: consortium.name }) : t('consortium.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('consortium.name')}
          rules={[{ required: true, message: t('consortium.nameRequired') }, zodRule(consortiumBody.shape.name)]}
        >
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item name="coreSchoolId" label={t('consortium.coreSchool')} extra={t('consortium.coreHint')}>
          <Select
            allowClear
            loading={schools.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            placeholder={t('consortium.corePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
