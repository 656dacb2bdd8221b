// Placeholder: QMTLServer gets its code in a later issue (SPEC §2).
