"""Qt item models over the façade's records, one per table the views show."""
