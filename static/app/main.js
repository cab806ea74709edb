// The page's entry point, loaded with a version from index.html; nothing imports it, so the app's
// modules (which import app.js) exist once.
import { boot } from "./app.js";

boot();
