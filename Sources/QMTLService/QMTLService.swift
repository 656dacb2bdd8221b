// Placeholder: QMTLService gets its code in a later issue (SPEC §2).
