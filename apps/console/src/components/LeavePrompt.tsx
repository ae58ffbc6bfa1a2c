// "Leave without saving?": shown when a link, Back or navigate() would leave a page whose form
// has unsaved changes (see useUnsavedChanges in navigation.ts).
import { usePendingLeave } from "../navigation.ts";
import { ConfirmDialog } from "./Modal.tsx";

export function LeavePrompt() {
  const { asking, leave, stay } = usePendingLeave();
  if (!asking) return null;
  return (
    <ConfirmDialog
      title="Leave without saving?"
      confirmLabel="Leave and discard"
      danger
      onConfirm={leave}
      onCancel={stay}
    >
      <p>You have changes on this page that aren't saved yet. If you leave now, they are lost.</p>
    </ConfirmDialog>
  );
}
