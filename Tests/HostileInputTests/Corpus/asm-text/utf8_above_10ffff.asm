end ; ô€€
