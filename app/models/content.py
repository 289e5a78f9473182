"""What the public pages show has a version: one number that every change to the content
raises, so a page can tell a browser or a proxy whether what it holds is still current,
and the KSAU summary whether its figures are."""
from sqlalchemy import BigInteger, Integer, LargeBinary, Text

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class ContentVersion(db.Model):
    """A single row: the version of everything the portal shows."""
    __tablename__ = "content_versions"

    id = db.Column(Integer, primary_key=True)
    value = db.Column(BigInteger, nullable=False, default=0)
    changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class SummarySnapshot(db.Model):
    """A process's KSAU summary figures as computed at one content version, so that the
    summary, the packet and the exports never recount all the input on a view."""
    __tablename__ = "summary_snapshots"

    process_id = db.Column(db.ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    version = db.Column(BigInteger, nullable=False)
    computed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    figures = db.Column(Text, nullable=False)   # JSON, see app.services.reporting.summary


class PacketFile(db.Model):
    """The KSAU packet as PDF, as drawn at one content version (by a job: drawing it takes
    seconds), so that a download is a read."""
    __tablename__ = "packet_files"

    process_id = db.Column(db.ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    version = db.Column(BigInteger, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    pdf = db.Column(LargeBinary, nullable=False)
