/*
 * The pages' only hand-written script (no inline code: the CSP forbids it).
 * - Moves focus to the error summary so screen readers announce it (GOV.UK pattern).
 * - Copy buttons: <button data-copy="#id"> copies that element's text or a textarea's edited value.
 */
(function () {
  function ready() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
    document.addEventListener('click', function (e) {
      var btn = e.target instanceof Element ? e.target.closest('[data-copy]') : null;
      if (!btn) return;
      var src = document.querySelector(btn.getAttribute('data-copy'));
      if (src && navigator.clipboard) {
        navigator.clipboard.writeText(('value' in src ? src.value : src.textContent).trim()).then(function () {
          btn.textContent = '已复制';
        });
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
