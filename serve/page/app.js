// SPDX-License-Identifier: MIT
// The search page's script (served at /page/app.js).
"use strict";
