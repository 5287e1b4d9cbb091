"""WNF review criteria and the committee's scores on them.

Reviewed by hand: two new tables. review_criterion is seeded with five criteria (relevance,
cooperation between societies, budget, feasibility, expected impact), names in the nine interface languages, so
every database has them; staff rename, add and deactivate them on their page. review_score
holds one row per (application, member, criterion), score 1 to 5. The downgrade drops both:
the scores are lost.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

CRITERIA = [
    (
        "relevance",
        10,
        {
            "en": "Relevance to the WNF's purpose",
            "ja": "WNFの目的との関連性",
            "es": "Pertinencia para los fines del WNF",
            "pt_BR": "Pertinência aos fins do WNF",
            "fr": "Pertinence au regard des objectifs du WNF",
            "th": "ความสอดคล้องกับวัตถุประสงค์ของ WNF",
            "id": "Relevansi dengan tujuan WNF",
            "vi": "Mức độ phù hợp với mục đích của WNF",
            "zh_Hans": "与WNF宗旨的相关性",
        },
    ),
    (
        "cooperation",
        20,
        {
            "en": "Cooperation between societies",
            "ja": "同窓会間の協力",
            "es": "Cooperación entre asociaciones",
            "pt_BR": "Cooperação entre associações",
            "fr": "Coopération entre associations",
            "th": "ความร่วมมือระหว่างสมาคม",
            "id": "Kerja sama antar-ikatan alumni",
            "vi": "Hợp tác giữa các hội",
            "zh_Hans": "校友会之间的合作",
        },
    ),
    (
        "budget",
        30,
        {
            "en": "Budget: realistic and good value",
            "ja": "予算の妥当性と費用対効果",
            "es": "Presupuesto realista y adecuado",
            "pt_BR": "Orçamento realista e adequado",
            "fr": "Budget réaliste et bien employé",
            "th": "งบประมาณสมเหตุสมผลและคุ้มค่า",
            "id": "Anggaran yang realistis dan sepadan",
            "vi": "Ngân sách hợp lý và hiệu quả",
            "zh_Hans": "预算合理、物有所值",
        },
    ),
    (
        "feasibility",
        40,
        {
            "en": "Feasibility of the plan",
            "ja": "計画の実現可能性",
            "es": "Viabilidad del plan",
            "pt_BR": "Viabilidade do plano",
            "fr": "Faisabilité du projet",
            "th": "ความเป็นไปได้ของแผน",
            "id": "Kelayakan rencana",
            "vi": "Tính khả thi của kế hoạch",
            "zh_Hans": "计划的可行性",
        },
    ),
    (
        "impact",
        50,
        {
            "en": "Expected impact on participants and their workplaces",
            "ja": "参加者と職場への期待される効果",
            "es": "Impacto esperado en los participantes y sus empresas",
            "pt_BR": "Impacto esperado nos participantes e em seus locais de trabalho",
            "fr": "Impact attendu sur les participants et leur lieu de travail",
            "th": "ผลที่คาดว่าจะเกิดต่อผู้เข้าร่วมและสถานที่ทำงาน",
            "id": "Dampak yang diharapkan bagi peserta dan tempat kerjanya",
            "vi": "Tác động kỳ vọng đối với người tham gia và nơi làm việc",
            "zh_Hans": "对参与者及其工作单位的预期效果",
        },
    ),
]


def upgrade():
    criterion = op.create_table(
        "review_criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_criterion")),
        sa.UniqueConstraint("code", name=op.f("uq_review_criterion_code")),
    )
    op.create_table(
        "review_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_review_score_score_range")),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_review_score_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["user.id"],
            name=op.f("fk_review_score_member_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["review_criterion.id"],
            name=op.f("fk_review_score_criterion_id_review_criterion"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_score")),
        sa.UniqueConstraint(
            "grant_id",
            "member_id",
            "criterion_id",
            name=op.f("uq_review_score_grant_id_member_id_criterion_id"),
        ),
    )
    with op.batch_alter_table("review_score") as batch:
        batch.create_index(batch.f("ix_review_score_criterion_id"), ["criterion_id"])
    op.bulk_insert(
        criterion,
        [
            {"code": code, "position": position, "names": names, "active": True}
            for code, position, names in CRITERIA
        ],
    )


def downgrade():
    with op.batch_alter_table("review_score") as batch:
        batch.drop_index(batch.f("ix_review_score_criterion_id"))
    op.drop_table("review_score")
    op.drop_table("review_criterion")
