// Log in or create an account; the device's time zone is sent at registration.
import { api, explain, Offline } from "../api.js";
import { signedIn } from "../router.js";
import { field, h, welcome } from "../ui.js";

export const name = "login";
export const title = "Welcome";

export async function render(body) {
  let mode = "register";
  const nameInput = h("input", { name: "name", autocomplete: "name", required: true });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true, inputmode: "email" });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: 10 });
  const nameField = field("Your name", nameInput);
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit", class: "button big primary" }, "Create account");
  const switcher = h("button", { type: "button", class: "link-button", onclick: () => {
    mode = mode === "register" ? "login" : "register";
    nameField.hidden = mode === "login";
    password.autocomplete = mode === "login" ? "current-password" : "new-password";
    submit.textContent = mode === "login" ? "Log in" : "Create account";
    switcher.textContent = mode === "login" ? "New here? Create an account" : "Have an account? Log in";
    error.textContent = "";
  } }, "Have an account? Log in");
  const form = h("form", { class: "card form", novalidate: true }, nameField, field("Email", email),
    field("Password", password, "At least 10 characters"), error, submit, switcher);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const payload = mode === "login" ? { email: email.value, password: password.value }
      : { email: email.value, password: password.value, name: nameInput.value.trim(), timezone };
    try {
      await signedIn(await api(`/auth/${mode}`, { method: "POST", body: payload }).catch(async (failure) => {
        // Servers that do not take a zone at registration refuse the unknown field: set it afterwards.
        if (mode !== "register" || !failure.fields?.timezone) throw failure;
        delete payload.timezone;
        await api("/auth/register", { method: "POST", body: payload });
        return api("/me", { method: "PATCH", body: { timezone } });
      }));
    } catch (failure) {
      error.textContent = failure instanceof Offline ? explain(failure, "Signing in")
        : Object.entries(failure.fields || {}).map(([key, messages]) => `${key}: ${[].concat(messages).join(" ")}`).join(" ") || failure.message;
    }
  });
  body.append(welcome(), form);
}
