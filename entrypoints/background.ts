import { defineBackground } from 'wxt/utils/define-background';
import { setupContextMenu, setupImagePermission, setupMessages, setupIndexing, setupShortcut, setupSigning } from '../utils/save/background-saving';

export default defineBackground(() => {
  setupMessages();
  setupContextMenu();
  setupShortcut();
  setupImagePermission();
  setupSigning();
  setupIndexing();
});
