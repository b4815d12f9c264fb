// Loaded by LazyAntApp on the first message/modal/notification: the holders antd's App renders,
// inside the ConfigProvider so they follow the theme and the chosen language.
import type { useAppProps } from 'antd/es/app/context';
import useMessage from 'antd/es/message/useMessage';
import useModal from 'antd/es/modal/useModal';
import useNotification from 'antd/es/notification/useNotification';
import { useEffect } from 'react';

export default function AntAppHolders({ onReady }: { onReady: (api: useAppProps) => void }) {
  const [message, messageHolder] = useMessage();
  const [notification, notificationHolder] = useNotification();
  const [modal, modalHolder] = useModal();
  useEffect(() => {
    onReady({ message, notification, modal });
  }, [onReady, message, notification, modal]);
  return (
    <>
      {modalHolder}
      {messageHolder}
      {notificationHolder}
    </>
  );
}
