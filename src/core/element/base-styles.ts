import { css } from 'lit';

/**
 * Design tokens every element reads. Override them on the element or any
 * ancestor: `smartbill-signup-form { --erp-widgets-color-primary: #0a7d4f; }`.
 */
export const baseStyles = css`
  :host {
    --_primary: var(--erp-widgets-color-primary, #2450b8);
    --_on-primary: var(--erp-widgets-color-on-primary, #ffffff);
    --_danger: var(--erp-widgets-color-danger, #b3261e);
    --_success: var(--erp-widgets-color-success, #1e6b3a);
    --_text: var(--erp-widgets-color-text, #1b1f2a);
    --_muted: var(--erp-widgets-color-muted, #4f5666);
    --_surface: var(--erp-widgets-color-surface, #ffffff);
    --_border: var(--erp-widgets-color-border, #b8c0d0);
    --_radius: var(--erp-widgets-radius, 6px);
    --_space: var(--erp-widgets-spacing, 0.75rem);
    --_focus: var(--erp-widgets-focus-ring, 3px solid #2450b8);
    display: block;
    font-family: var(--erp-widgets-font-family, system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif);
    font-size: var(--erp-widgets-font-size, 15px);
    line-height: 1.5;
    color: var(--_text);
    /* Hangul breaks between words, not inside one; a word longer than the line still wraps. */
    word-break: keep-all;
    overflow-wrap: anywhere;
  }
  /* 16 px or more: iOS Safari zooms the page into a smaller input on focus. (:host: above an element's own font: inherit.) */
  @media (max-width: 40rem) {
    :host input,
    :host select,
    :host textarea {
      font-size: max(16px, 1em);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.6em 1.1em;
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
    font-weight: 600;
  }
  /* An outline, not a box-shadow: forced-colors mode (Windows high contrast) keeps outlines. */
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  /* The one secondary button style (logout, "continue in this window", …). */
  .secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: erp-spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
  @keyframes erp-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .notice {
    margin: var(--_space) 0 0;
    color: var(--_muted);
  }
  .error {
    margin: var(--_space) 0 0;
    padding: 0.6em 0.8em;
    border-left: 4px solid var(--_danger);
    background: #fdf0ef;
    color: var(--_danger);
    border-radius: var(--_radius);
  }
  .status {
    margin: 0.5em 0 0;
    color: var(--_muted);
  }
`;
