/**
 * The page's only script, inlined: filters by status, server, client and scenario, and opening a
 * cell's details from the matrix. Everything it filters carries `data-status`, `data-server`,
 * `data-client` and `data-scenario`.
 */
export const script = `
(() => {
  const form = document.getElementById('filters');
  const shown = () => {
    const statuses = new Set([...form.querySelectorAll('input[name=status]:checked')].map((i) => i.value));
    const pick = (name) => form.elements[name].value;
    const want = { server: pick('server'), client: pick('client'), scenario: pick('scenario') };
    return (el) => statuses.has(el.dataset.status) && Object.entries(want).every(([k, v]) => v === '' || el.dataset[k] === v);
  };
  const apply = () => {
    const fits = shown();
    let count = 0;
    for (const el of document.querySelectorAll('[data-status]')) {
      const ok = fits(el);
      if (el.matches('td')) el.classList.toggle('dimmed', !ok);
      else el.hidden = !ok;
      if (ok && el.matches('details.cell')) count++;
    }
    for (const row of document.querySelectorAll('table.matrix tbody tr')) {
      row.hidden = row.querySelector('td[data-status]:not(.dimmed)') === null;
    }
    for (const group of document.querySelectorAll('details.skip-group')) {
      group.hidden = group.querySelector('li:not([hidden])') === null;
    }
    document.getElementById('shown').textContent = count + ' of ' + document.querySelectorAll('details.cell').length + ' cells shown';
  };
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  const open = (id) => {
    const target = document.getElementById(id);
    if (!target) return;
    target.hidden = false;
    target.open = true;
    target.scrollIntoView({ block: 'start' });
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), 1200);
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-open]');
    if (button) open(button.dataset.open);
  });
  if (location.hash) open(location.hash.slice(1));
  apply();
})();
`;
