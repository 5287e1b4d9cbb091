def test_home_page_shows_the_network(client):
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "74 societies in 45 countries/regions" in response.get_data(as_text=True)
