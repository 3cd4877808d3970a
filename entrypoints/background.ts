import { defineBackground } from 'wxt/utils/define-background';
import { setupContextMenu, setupImageCompletion, setupImagePermission, setupMessages, setupIndexing, setupProtection, setupShortcut, setupSigning } from '../utils/save/background-saving';

export default defineBackground(() => {
  setupMessages();
  setupContextMenu();
  setupShortcut();
  setupImagePermission();
  setupSigning();
  setupIndexing();
  setupImageCompletion();
  setupProtection();
});
