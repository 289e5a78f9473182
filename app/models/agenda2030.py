from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class SdgGoal(db.Model):
    """One of Agenda 2030's 17 goals: fixed reference data, loaded by a migration."""
    __tablename__ = "sdg_goals"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(7))

    def name(self, locale):
        return self.name_en if str(locale).startswith("en") else self.name_sv

    def __repr__(self):
        return f"<SdgGoal {self.number}>"
