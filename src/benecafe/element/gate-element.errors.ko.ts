import type { Dict } from '../../core/element/i18n.ts';
import type { GateErrorKey } from './gate-element.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<GateErrorKey> = {
  popup_blocked: '팝업이 차단되었어요. 팝업을 허용해 주세요.',
};
