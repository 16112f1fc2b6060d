from triangulate.cli import app

app()
