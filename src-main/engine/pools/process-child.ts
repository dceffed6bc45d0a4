export {}; // placeholder
