"""Review outputs: the timetable (site page, A4 landscape PDF, CSV, XLSX, ICS for everyone and per
school) and results (site page, XLSX, a certificate PDF per award). Views hold the rows; files
write them in each format."""
