// The API key: typed once, kept in sessionStorage (this tab, this session), never in localStorage.
const storageKey = 'cnnapi.apiKey';
const dialog = () => document.getElementById('key-dialog');
let memoryKey = ''; // used only when sessionStorage is unavailable
let pending = null;

export function storedKey() {
  try { return sessionStorage.getItem(storageKey) || ''; } catch { return ''; }
}

export function forgetKey() {
  try { sessionStorage.removeItem(storageKey); } catch { /* storage disabled: nothing kept */ }
  memoryKey = '';
  updateKeyButton();
}

function keep(key) {
  try { sessionStorage.setItem(storageKey, key); } catch { memoryKey = key; /* storage disabled: kept until reload */ }
  updateKeyButton();
}

/** The stored key, or the one the person types in the dialog; '' when they cancel. */
export function askKey({ always = false } = {}) {
  const known = storedKey() || memoryKey;
  if (known && !always) return Promise.resolve(known);
  if (pending) return pending;
  const d = dialog();
  const input = document.getElementById('key-input');
  input.value = known;
  document.getElementById('key-forget').hidden = !known;
  pending = new Promise(resolve => {
    d.addEventListener('close', () => {
      pending = null;
      if (d.returnValue === 'save' && input.value.trim()) keep(input.value.trim());
      else if (d.returnValue === 'forget') forgetKey();
      input.value = '';
      resolve(storedKey() || memoryKey);
    }, { once: true });
  });
  d.returnValue = '';
  d.showModal();
  input.focus();
  return pending;
}

export function updateKeyButton() {
  const button = document.getElementById('key-button');
  if (button) button.textContent = storedKey() || memoryKey ? 'API key ✓' : 'API key';
}

export function initKey() {
  updateKeyButton();
  document.getElementById('key-button').addEventListener('click', () => askKey({ always: true }));
}
