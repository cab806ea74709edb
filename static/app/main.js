// The page's entry point, loaded with a version from index.html; nothing imports it, so every module is
// loaded by its plain URL and exists once.
import { boot } from "./app.js";

boot();
