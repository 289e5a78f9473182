import os

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Reference data shipped with the app (Agenda 2030's goals, recorded Kolada answers).
DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
