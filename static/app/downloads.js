// Downloads of the user's contacts (Settings): every contact for the phone's address book, Google Contacts
// or Outlook, and the card to show.
import { h } from "./ui.js";

const FILES = [
  ["/api/v1/me/contacts.vcf", "Contacts for my phone (.vcf)"],
  ["/api/v1/me/contacts.csv?format=google", "Contacts for Google Contacts (CSV)"],
  ["/api/v1/me/contacts.csv?format=outlook", "Contacts for Outlook (CSV)"],
];

/** The Settings section with the three downloads and a link to My card. */
export function downloads() {
  return h("section", { class: "card form", "aria-label": "Contacts" }, h("h2", {}, "Contacts"),
    h("p", {}, "Take your contacts with you: where and when you met and your takeaways go in each contact’s note; your private notes stay here."),
    h("div", { class: "stack" }, ...FILES.map(([href, label]) => h("a", { class: "button", href, download: "" }, label))),
    h("a", { class: "button", href: "#/card" }, "Show my card"));
}
