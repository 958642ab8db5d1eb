import type { Attachment } from 'svelte/attachments';

/** Puts the keyboard where the person will type next when a screen appears. */
export const focusOnMount: Attachment<HTMLElement> = (element) => {
  element.focus();
};
