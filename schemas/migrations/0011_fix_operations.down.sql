DROP TABLE fix_sequence_resets;
DROP TABLE fix_session_controls;
