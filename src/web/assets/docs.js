/* Starts Swagger UI on /docs from the locally served bundle; no validator badge (it calls out). */
window.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('swagger-ui');
  if (!el || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: el.getAttribute('data-spec-url'),
    dom_id: '#swagger-ui',
    validatorUrl: null,
    deepLinking: true,
    tryItOutEnabled: false,
  });
});
