// Placeholder: QMTLClient gets its code in a later issue (SPEC §2).
