/*
 * The pages' only hand-written script (no inline code: the CSP forbids it).
 * - Moves focus to the error summary so screen readers announce it (GOV.UK pattern), each line
 *   named by its field's label.
 * - Copy buttons: <button data-copy="#id"> copies that element's text or a textarea's edited value.
 * - Back and forward through a filtered list (GET form with hx-push-url): htmx restores a snapshot of
 *   the page taken when the next filter was already typed, so the filter fields are set again from
 *   the address, which is what the results show.
 */
(function () {
  function ready() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) {
      if (summary.getAttribute('data-error-summary') !== 'named')
        summary.querySelectorAll('a[href^="#"]').forEach(nameTheField);
      summary.focus();
    }
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
  // "此项必填" five times says nothing: each summary line starts with its field's label (GOV.UK's
  // "Enter your name"), read from the page so the server's messages stay the API's.
  function nameTheField(link) {
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    var label =
      target.tagName === 'FIELDSET'
        ? target.querySelector('legend')
        : document.querySelector('label[for="' + target.id + '"]');
    if (!label) return;
    var copy = label.cloneNode(true);
    copy.querySelectorAll('.field__optional, .visually-hidden').forEach(function (x) {
      x.remove();
    });
    var name = copy.textContent.replace(/\s+/g, ' ').trim();
    if (name && link.textContent.indexOf(name) === -1) link.textContent = name + '：' + link.textContent;
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
