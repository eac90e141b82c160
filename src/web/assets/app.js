/*
 * The pages' only hand-written script (no inline code: the CSP forbids it).
 * - Moves focus to the error summary so screen readers announce it (GOV.UK pattern).
 * - Copy buttons: <button data-copy="#id"> copies that element's text or a textarea's edited value.
 * - Back and forward through a filtered list (GET form with hx-push-url): htmx restores a snapshot of
 *   the page taken when the next filter was already typed, so the filter fields are set again from
 *   the address, which is what the results show.
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
  function fieldsFromAddress() {
    var params = new URLSearchParams(location.search);
    document.querySelectorAll('form[method="get"][hx-push-url]').forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === 'submit' || el.type === 'button') return;
        var values = params.getAll(el.name);
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = values.indexOf(el.value) !== -1;
        else if (el.tagName === 'SELECT')
          el.value = values.length ? values[0] : el.options[0] ? el.options[0].value : '';
        else if (el.type !== 'hidden' || values.length) el.value = values.length ? values[0] : '';
      });
    });
  }
  document.addEventListener('htmx:historyRestore', fieldsFromAddress);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
