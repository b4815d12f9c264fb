-- Reserved: filled in by the module that owns it.
SELECT 1;
